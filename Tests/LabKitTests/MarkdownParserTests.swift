import Testing
@testable import LabKit

@Suite struct MarkdownParserTests {
    @Test func tablesKeepAlignmentsAndCells() throws {
        let document = MarkdownParser.parse("| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n")
        let table = try #require(document.children.first)
        #expect(table.kind == .table(alignments: [.left, .center, .right]))
        #expect(table.children.map(\.kind) == [.tableHeader, .tableRow])
        #expect(table.children[1].children.map(\.plainText) == ["1", "2", "3"])
    }

    @Test func taskListsStrikethroughAndAutolinks() throws {
        let document = MarkdownParser.parse("- [ ] open\n- [x] done\n\n~~old~~ see https://example.org\n")
        let list = try #require(document.children.first)
        #expect(list.children.map(\.kind) == [.item(task: false), .item(task: true)])
        let paragraph = document.children[1]
        #expect(paragraph.children.first?.kind == .strikethrough)
        #expect(paragraph.children.contains { $0.kind == .link(destination: "https://example.org", title: "") })
    }

    @Test func everyNodeHasAPosition() {
        let document = MarkdownParser.parse("# Title\n\nSome *text* and `code`.\n\n> quote\n")
        for node in document.descendants {
            #expect(node.position.line >= 1)
            #expect(node.position.column >= 1)
        }
        #expect(document.children.map(\.position.line) == [1, 3, 5])
    }

    @Test func deepNestingIsFlattenedAtTheLimit() {
        let text = String(repeating: ">", count: 5_000) + " deep\n"
        let document = MarkdownParser.parse(text)
        var depth = 0
        var node = document
        while let child = node.children.first {
            depth += 1
            node = child
        }
        #expect(depth <= MarkdownParser.maximumDepth + 2)
        #expect(document.plainText == "deep")
    }

    @Test func deeplyNestedListsKeepTheirText() {
        var text = ""
        for level in 0..<2_000 { text += String(repeating: "  ", count: level) + "- item \(level)\n" }
        let document = MarkdownParser.parse(text)
        #expect(document.plainText.contains("item 1999"))
    }

    @Test func tabsIndentCode() {
        let document = MarkdownParser.parse("\tcode here\n")
        #expect(document.children.first?.kind == .codeBlock(info: "", code: "code here\n", fenced: false))
    }
}
