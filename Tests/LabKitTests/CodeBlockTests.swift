import Testing
@testable import LabKit

@Suite struct CodeBlockTests {
    @Test(arguments: [
        ("python", "python", [String]()), ("Python norun", "python", ["norun"]), ("output tol=0.01", "output", ["tol=0.01"]),
        ("{.python starter}", "python", ["starter"]), ("", "", []), ("  bash   -x ", "bash", ["-x"]),
    ])
    func infoStringsSplitIntoLanguageAndAttributes(info: String, language: String, attributes: [String]) {
        let parsed = CodeBlock.parseInfo(info)
        #expect(parsed.language == language)
        #expect(parsed.attributes == attributes)
    }

    @Test(arguments: [
        ("python", CodeBlock.Role.executable), ("py", .executable), ("python norun", .shown), ("python starter", .starter),
        ("python check", .check), ("bash", .shown), ("output", .shown), ("", .shown),
    ])
    func roleFollowsLanguageAndAttributes(info: String, role: CodeBlock.Role) {
        let (language, attributes) = CodeBlock.parseInfo(info)
        let block = CodeBlock(language: language, attributes: attributes, source: "", position: .start, firstLine: 2)
        #expect(block.role == role)
    }

    @Test func toleranceIsReadFromTheAttribute() {
        let block = CodeBlock(language: "output", attributes: ["tol=0.5"], source: "1", position: .start, firstLine: 2)
        #expect(ExpectedOutput(block).tolerance == 0.5)
        #expect(block.attribute("tol") == "0.5")
        #expect(block.attribute("missing") == nil)
    }
}
