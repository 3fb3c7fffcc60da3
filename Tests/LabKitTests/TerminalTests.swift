import Testing
@testable import LabKit

@Suite struct TerminalTests {
    @Test func noColorTurnsStylesOff() {
        let terminal = Terminal.standardOutput(environment: ["NO_COLOR": "1"])
        #expect(!terminal.usesColor)
        #expect(TerminalStyle.bold.apply("x", on: terminal) == "x")
    }

    @Test func stylesWrapTextInEscapesWhenColourIsOn() {
        let terminal = Terminal(usesColor: true, width: 80)
        #expect(TerminalStyle.red.apply("x", on: terminal) == "\u{1B}[31mx\u{1B}[0m")
    }

    @Test func widthComesFromColumnsAndHasAFloor() {
        #expect(Terminal.standardOutput(environment: ["COLUMNS": "100"]).width == 100)
        #expect(Terminal(usesColor: false, width: 3).width == 20)
    }
}
