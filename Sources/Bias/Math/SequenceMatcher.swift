/// The matching blocks of Python's `difflib.SequenceMatcher(None, a, b)` (Ratcliff–Obershelp:
/// the longest matching block, then recursively left and right of it), reimplemented so that the
/// CrowS-Pairs alignment matches the published scorer token for token.
///
/// Like difflib with `autojunk=True`: when `b` has 200 items or more, every item occurring more
/// than `b.count / 100 + 1` times in `b` is "popular" and cannot start a match (it can still
/// extend one). No item is junk (`isjunk` is `None`).
public struct SequenceMatcher<Element: Hashable> {
    /// One matching block: `a[a..<a+size] == b[b..<b+size]`.
    public struct Block: Equatable, Sendable {
        /// Start in the first sequence.
        public let a: Int
        /// Start in the second sequence.
        public let b: Int
        /// Length of the block.
        public let size: Int

        /// A block of `size` equal items starting at `a` and `b`.
        public init(a: Int, b: Int, size: Int) {
            self.a = a
            self.b = b
            self.size = size
        }
    }

    private let first: [Element]
    private let second: [Element]
    /// For each item of `b` that is not popular, the positions where it occurs, ascending.
    private let positionsInSecond: [Element: [Int]]

    /// Prepares to match `a` against `b`.
    public init(_ a: [Element], _ b: [Element]) {
        first = a
        second = b
        var positions: [Element: [Int]] = [:]
        for (index, item) in b.enumerated() { positions[item, default: []].append(index) }
        if b.count >= 200 {
            let limit = b.count / 100 + 1
            positions = positions.filter { $0.value.count <= limit }
        }
        positionsInSecond = positions
    }

    /// The longest block in `a[aLow..<aHigh]` and `b[bLow..<bHigh]`; on ties the one starting
    /// earliest in `a`, then earliest in `b` (difflib's `find_longest_match`).
    public func longestMatch(aLow: Int, aHigh: Int, bLow: Int, bHigh: Int) -> Block {
        var bestA = aLow, bestB = bLow, bestSize = 0
        var lengthEndingAt: [Int: Int] = [:]
        for i in aLow..<max(aLow, aHigh) {
            var next: [Int: Int] = [:]
            for j in positionsInSecond[first[i]] ?? [] {
                if j < bLow { continue }
                if j >= bHigh { break }
                let k = (lengthEndingAt[j - 1] ?? 0) + 1
                next[j] = k
                if k > bestSize {
                    bestA = i - k + 1
                    bestB = j - k + 1
                    bestSize = k
                }
            }
            lengthEndingAt = next
        }
        // With no junk, difflib extends the block over equal (possibly popular) neighbours.
        while bestA > aLow && bestB > bLow && first[bestA - 1] == second[bestB - 1] {
            bestA -= 1
            bestB -= 1
            bestSize += 1
        }
        while bestA + bestSize < aHigh && bestB + bestSize < bHigh && first[bestA + bestSize] == second[bestB + bestSize] {
            bestSize += 1
        }
        return Block(a: bestA, b: bestB, size: bestSize)
    }

    /// The matching blocks in order, adjacent blocks merged, ending with the sentinel
    /// `(a.count, b.count, 0)` exactly as `get_matching_blocks()` returns them.
    public func matchingBlocks() -> [Block] {
        var pending = [(0, first.count, 0, second.count)]
        var found: [Block] = []
        while let (aLow, aHigh, bLow, bHigh) = pending.popLast() {
            let block = longestMatch(aLow: aLow, aHigh: aHigh, bLow: bLow, bHigh: bHigh)
            guard block.size > 0 else { continue }
            found.append(block)
            if aLow < block.a && bLow < block.b { pending.append((aLow, block.a, bLow, block.b)) }
            if block.a + block.size < aHigh && block.b + block.size < bHigh {
                pending.append((block.a + block.size, aHigh, block.b + block.size, bHigh))
            }
        }
        found.sort { ($0.a, $0.b, $0.size) < ($1.a, $1.b, $1.size) }
        var merged: [Block] = []
        var current = Block(a: 0, b: 0, size: 0)
        for block in found {
            if current.a + current.size == block.a && current.b + current.size == block.b {
                current = Block(a: current.a, b: current.b, size: current.size + block.size)
            } else {
                if current.size > 0 { merged.append(current) }
                current = block
            }
        }
        if current.size > 0 { merged.append(current) }
        merged.append(Block(a: first.count, b: second.count, size: 0))
        return merged
    }

    /// The positions of `a` and of `b` inside equal blocks (difflib's "equal" opcodes), in order;
    /// both lists have the same length and pair up position by position.
    public func sharedPositions() -> (a: [Int], b: [Int]) {
        var inA: [Int] = [], inB: [Int] = []
        for block in matchingBlocks() where block.size > 0 {
            inA += block.a..<(block.a + block.size)
            inB += block.b..<(block.b + block.size)
        }
        return (inA, inB)
    }
}
