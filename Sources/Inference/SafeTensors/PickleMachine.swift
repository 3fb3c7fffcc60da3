import Foundation

/// A pickle interpreter that builds values and calls nothing: the opcodes a PyTorch state dict
/// uses (protocols 2 to 5), with the few callables of a state dict (tensor rebuilds, OrderedDict)
/// interpreted by name. Any other global, or an opcode outside that set, is an error that names
/// the byte offset; nothing in the file is ever executed.
struct PickleMachine {
    /// A dict, shared by reference as pickle's memo shares it.
    final class DictionaryBox {
        var items: [(key: PickleValue, value: PickleValue)] = []
    }

    /// A list, shared by reference.
    final class ListBox {
        var items: [PickleValue] = []
    }

    /// Where a tensor's numbers are: a storage entry, an element offset, a size and strides.
    struct TensorReference {
        let storageKey: String
        let storageType: StorageType
        let offset: Int
        let size: [Int]
        let stride: [Int]
    }

    /// The values a state-dict pickle can hold.
    indirect enum PickleValue {
        case none
        case bool(Bool)
        case int(Int)
        case float(Double)
        case string(String)
        case bytes(Data)
        case tuple([PickleValue])
        case list(ListBox)
        case dictionary(DictionaryBox)
        case global(module: String, name: String)
        case storage(key: String, type: StorageType)
        case tensor(TensorReference)
        case mark

        /// What it is, for messages.
        var kind: String {
            switch self {
            case .none: return "None"
            case .bool: return "a bool"
            case .int: return "an int"
            case .float: return "a float"
            case .string: return "a str"
            case .bytes: return "bytes"
            case .tuple: return "a tuple"
            case .list: return "a list"
            case .dictionary: return "a dict"
            case .global(let module, let name): return "\(module).\(name)"
            case .storage: return "a storage"
            case .tensor: return "a tensor"
            case .mark: return "a mark"
            }
        }
    }

    /// The globals a state dict may name; every other one is refused.
    static let allowedGlobals: Set<String> = [
        "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_parameter", "collections.OrderedDict",
    ]

    private let bytes: [UInt8]
    private let file: String
    private let place: String
    private var position = 0
    private var stack: [PickleValue] = []
    private var memo: [Int: PickleValue] = [:]

    /// A machine over the pickle `bytes` of entry `place` in `file`.
    init(bytes: Data, file: String, place: String) {
        self.bytes = [UInt8](bytes)
        self.file = file
        self.place = place
    }

    private func fail(_ problem: String, at offset: Int? = nil) -> PyTorchCheckpointError {
        PyTorchCheckpointError(file: file, place: "\(place) at byte \(offset ?? position)", problem: problem)
    }

    /// Runs the pickle to its STOP and returns the value it built.
    /// - Throws: `PyTorchCheckpointError` for a refused global, an unknown opcode or a cut-off pickle.
    mutating func run() throws -> PickleValue {
        while true {
            let opcodeOffset = position
            let opcode = try byte()
            switch opcode {
            case 0x80: _ = try byte()                                   // PROTO
            case 0x95: _ = try read(8)                                  // FRAME
            case 0x2E:                                                  // STOP
                let result = try pop(opcodeOffset)
                return result
            case 0x7D: stack.append(.dictionary(DictionaryBox()))      // EMPTY_DICT
            case 0x5D: stack.append(.list(ListBox()))                  // EMPTY_LIST
            case 0x29: stack.append(.tuple([]))                        // EMPTY_TUPLE
            case 0x28: stack.append(.mark)                             // MARK
            case 0x4E: stack.append(.none)                             // NONE
            case 0x88: stack.append(.bool(true))                       // NEWTRUE
            case 0x89: stack.append(.bool(false))                      // NEWFALSE
            case 0x4B: stack.append(.int(Int(try byte())))             // BININT1
            case 0x4D: stack.append(.int(Int(try littleEndian(2))))    // BININT2
            case 0x4A: stack.append(.int(Int(Int32(truncatingIfNeeded: try littleEndian(4)))))  // BININT
            case 0x8A:                                                  // LONG1
                let count = Int(try byte())
                guard count <= 8 else { throw fail("an integer of \(count) bytes is larger than any tensor size", at: opcodeOffset) }
                let raw = try read(count)
                var value: Int64 = 0
                for (index, byte) in raw.enumerated() { value |= Int64(byte) << (8 * Int64(index)) }
                if count > 0, count < 8, raw[count - 1] & 0x80 != 0 { value -= Int64(1) << (8 * Int64(count)) }
                stack.append(.int(Int(value)))
            case 0x47:                                                  // BINFLOAT (big-endian)
                let raw = try read(8)
                stack.append(.float(Double(bitPattern: raw.reduce(UInt64(0)) { $0 << 8 | UInt64($1) })))
            case 0x58: stack.append(.string(try text(Int(try littleEndian(4)))))   // BINUNICODE
            case 0x8C: stack.append(.string(try text(Int(try byte()))))            // SHORT_BINUNICODE
            case 0x8D: stack.append(.string(try text(try length(8))))              // BINUNICODE8
            case 0x55: stack.append(.string(String(decoding: try read(Int(try byte())), as: UTF8.self)))          // SHORT_BINSTRING
            case 0x54: stack.append(.string(String(decoding: try read(Int(try littleEndian(4))), as: UTF8.self))) // BINSTRING
            case 0x43: stack.append(.bytes(Data(try read(Int(try byte())))))       // SHORT_BINBYTES
            case 0x42: stack.append(.bytes(Data(try read(Int(try littleEndian(4)))))) // BINBYTES
            case 0x71: memo[Int(try byte())] = try top(opcodeOffset)               // BINPUT
            case 0x72: memo[Int(try littleEndian(4))] = try top(opcodeOffset)      // LONG_BINPUT
            case 0x94: memo[memo.count] = try top(opcodeOffset)                    // MEMOIZE
            case 0x68: stack.append(try recall(Int(try byte()), opcodeOffset))     // BINGET
            case 0x6A: stack.append(try recall(Int(try littleEndian(4)), opcodeOffset)) // LONG_BINGET
            case 0x74: stack.append(.tuple(try popToMark(opcodeOffset)))           // TUPLE
            case 0x85: let a = try pop(opcodeOffset); stack.append(.tuple([a]))   // TUPLE1
            case 0x86:                                                             // TUPLE2
                let b = try pop(opcodeOffset), a = try pop(opcodeOffset)
                stack.append(.tuple([a, b]))
            case 0x87:                                                             // TUPLE3
                let c = try pop(opcodeOffset), b = try pop(opcodeOffset), a = try pop(opcodeOffset)
                stack.append(.tuple([a, b, c]))
            case 0x63:                                                             // GLOBAL "module\nname\n"
                let module = try line(), name = try line()
                stack.append(try global(module, name, at: opcodeOffset))
            case 0x93:                                                             // STACK_GLOBAL
                let name = try pop(opcodeOffset), module = try pop(opcodeOffset)
                guard case .string(let m) = module, case .string(let n) = name else {
                    throw fail("STACK_GLOBAL needs two strings", at: opcodeOffset)
                }
                stack.append(try global(m, n, at: opcodeOffset))
            case 0x51:                                                             // BINPERSID
                stack.append(try storage(try pop(opcodeOffset), at: opcodeOffset))
            case 0x52, 0x81:                                                       // REDUCE, NEWOBJ
                let arguments = try pop(opcodeOffset), callable = try pop(opcodeOffset)
                guard case .tuple(let values) = arguments else { throw fail("a call's arguments are not a tuple", at: opcodeOffset) }
                stack.append(try call(callable, values, at: opcodeOffset))
            case 0x62:                                                             // BUILD
                _ = try pop(opcodeOffset)
                // A state dict's OrderedDict carries `_metadata` as its state; a tensor may carry
                // hooks. Neither holds weights, so the state is dropped.
                switch try top(opcodeOffset) {
                case .dictionary, .tensor: break
                case let other: throw fail("BUILD on \(other.kind) is not part of a state dict", at: opcodeOffset)
                }
            case 0x73:                                                             // SETITEM
                let value = try pop(opcodeOffset), key = try pop(opcodeOffset)
                try dictionary(at: opcodeOffset).items.append((key, value))
            case 0x75:                                                             // SETITEMS
                let values = try popToMark(opcodeOffset)
                guard values.count % 2 == 0 else { throw fail("SETITEMS with an odd number of values", at: opcodeOffset) }
                let box = try dictionary(at: opcodeOffset)
                for index in stride(from: 0, to: values.count, by: 2) { box.items.append((values[index], values[index + 1])) }
            case 0x61:                                                             // APPEND
                let value = try pop(opcodeOffset)
                try list(at: opcodeOffset).items.append(value)
            case 0x65:                                                             // APPENDS
                let values = try popToMark(opcodeOffset)
                try list(at: opcodeOffset).items += values
            default:
                throw fail(String(format: "pickle opcode 0x%02X is not one a state dict uses; labrun reads state dicts of tensors only (convert other checkpoints to safetensors)", opcode), at: opcodeOffset)
            }
        }
    }

    // MARK: - Interpreted callables

    private func global(_ module: String, _ name: String, at offset: Int) throws -> PickleValue {
        let qualified = "\(module).\(name)"
        if module == "torch", StorageType(rawValue: name) != nil { return .global(module: module, name: name) }
        guard Self.allowedGlobals.contains(qualified) else {
            throw fail("the pickle names \(qualified), which is not a tensor rebuild; labrun refuses it and runs nothing (only torch._utils._rebuild_tensor_v2, torch.*Storage and collections.OrderedDict are allowed). Use a safetensors copy of the weights from a source you trust", at: offset)
        }
        return .global(module: module, name: name)
    }

    /// A persistent id `('storage', torch.FloatStorage, key, location, numel)`.
    private func storage(_ id: PickleValue, at offset: Int) throws -> PickleValue {
        guard case .tuple(let parts) = id, parts.count >= 3, case .string("storage") = parts[0],
              case .global("torch", let typeName) = parts[1], let type = StorageType(rawValue: typeName) else {
            throw fail("a persistent id that is not a torch storage reference", at: offset)
        }
        switch parts[2] {
        case .string(let key): return .storage(key: key, type: type)
        case .int(let key): return .storage(key: String(key), type: type)
        default: throw fail("a storage reference without a key", at: offset)
        }
    }

    private func call(_ callable: PickleValue, _ arguments: [PickleValue], at offset: Int) throws -> PickleValue {
        guard case .global(let module, let name) = callable else {
            throw fail("calls \(callable.kind), which is not a tensor rebuild", at: offset)
        }
        switch "\(module).\(name)" {
        case "torch._utils._rebuild_tensor_v2":
            guard arguments.count >= 4, case .storage(let key, let type) = arguments[0], case .int(let start) = arguments[1],
                  let size = integers(arguments[2]), let stride = integers(arguments[3]) else {
                throw fail("_rebuild_tensor_v2 needs (storage, offset, size, stride, …)", at: offset)
            }
            return .tensor(TensorReference(storageKey: key, storageType: type, offset: start, size: size, stride: stride))
        case "torch._utils._rebuild_parameter":
            guard let first = arguments.first, case .tensor = first else {
                throw fail("_rebuild_parameter needs a tensor", at: offset)
            }
            return first
        case "collections.OrderedDict":
            let box = DictionaryBox()
            if case .list(let pairs)? = arguments.first {
                for pair in pairs.items {
                    guard case .tuple(let kv) = pair, kv.count == 2 else { throw fail("OrderedDict items are not pairs", at: offset) }
                    box.items.append((kv[0], kv[1]))
                }
            }
            return .dictionary(box)
        default:
            throw fail("calls \(module).\(name), which is not a tensor rebuild; labrun runs nothing from a checkpoint", at: offset)
        }
    }

    private func integers(_ value: PickleValue) -> [Int]? {
        guard case .tuple(let items) = value else { return nil }
        var result: [Int] = []
        for item in items {
            guard case .int(let number) = item else { return nil }
            result.append(number)
        }
        return result
    }

    // MARK: - Stack and bytes

    private mutating func pop(_ offset: Int) throws -> PickleValue {
        guard let value = stack.popLast() else { throw fail("the pickle pops an empty stack; it is damaged", at: offset) }
        return value
    }

    private func top(_ offset: Int) throws -> PickleValue {
        guard let value = stack.last else { throw fail("the pickle reads an empty stack; it is damaged", at: offset) }
        return value
    }

    private func recall(_ index: Int, _ offset: Int) throws -> PickleValue {
        guard let value = memo[index] else { throw fail("the pickle recalls memo \(index), which was never stored", at: offset) }
        return value
    }

    private mutating func popToMark(_ offset: Int) throws -> [PickleValue] {
        guard let mark = stack.lastIndex(where: { if case .mark = $0 { return true } else { return false } }) else {
            throw fail("no MARK before a TUPLE/SETITEMS/APPENDS; the pickle is damaged", at: offset)
        }
        let values = Array(stack[(mark + 1)...])
        stack.removeSubrange(mark...)
        return values
    }

    private func dictionary(at offset: Int) throws -> DictionaryBox {
        guard case .dictionary(let box) = try top(offset) else { throw fail("SETITEM(S) on something that is not a dict", at: offset) }
        return box
    }

    private func list(at offset: Int) throws -> ListBox {
        guard case .list(let box) = try top(offset) else { throw fail("APPEND(S) on something that is not a list", at: offset) }
        return box
    }

    private mutating func byte() throws -> UInt8 {
        guard position < bytes.count else { throw fail("the pickle ends before its STOP; the file is truncated") }
        defer { position += 1 }
        return bytes[position]
    }

    private mutating func read(_ count: Int) throws -> ArraySlice<UInt8> {
        guard count >= 0, count <= bytes.count - position else { throw fail("the pickle ends inside a value; the file is truncated") }
        defer { position += count }
        return bytes[position ..< position + count]
    }

    private mutating func littleEndian(_ count: Int) throws -> UInt64 {
        try read(count).reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    }

    private mutating func length(_ count: Int) throws -> Int {
        Int(clamping: try littleEndian(count))
    }

    private mutating func text(_ count: Int) throws -> String {
        let raw = try read(count)
        guard let string = String(validating: raw, as: UTF8.self) else { throw fail("a string that is not UTF-8") }
        return string
    }

    private mutating func line() throws -> String {
        guard let end = bytes[position...].firstIndex(of: 0x0A) else { throw fail("a GLOBAL name without its newline; the file is truncated") }
        defer { position = end + 1 }
        return String(decoding: bytes[position ..< end], as: UTF8.self)
    }
}
