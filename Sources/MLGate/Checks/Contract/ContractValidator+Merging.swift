/// How the validators of consecutive stretches of a table (a file read on several cores)
/// join, and what the whole table's validator reports once every row has been observed.
extension ContractValidator {
    struct LineSpan: Sendable {
        var firstRow: Int
        var firstLine: Int
        var rows: Int
        /// Rows (index in the batch) after which lines jump by more than one, and by how much more.
        var jumps: [(row: Int32, extra: Int32)]
    }

    /// The line a row starts on, when the batches observed tell it exactly.
    func line(ofRow row: Int) -> Int? {
        var low = 0, high = lineSpans.count
        while low < high {
            let middle = (low + high) / 2
            if lineSpans[middle].firstRow + lineSpans[middle].rows <= row { low = middle + 1 } else { high = middle }
        }
        guard low < lineSpans.count, case let span = lineSpans[low], span.firstRow <= row else { return nil }
        let index = row - span.firstRow
        return span.firstLine + index + span.jumps.reduce(0) { $0 + ($1.row < index ? Int($1.extra) : 0) }
    }

    /// Appends the validator of the rows right after this one's (numbered as if its
    /// stretch began the file after the header).
    public mutating func append(_ later: ContractValidator) {
        let rowOffset = rows, lineOffset = endLine - 1
        tally.append(later.tally, rowOffset: rowOffset, lineOffset: lineOffset)
        lineSpans += later.lineSpans.map { span in
            var span = span
            span.firstRow += rowOffset
            span.firstLine += lineOffset
            return span
        }
        var cellsOwed = false
        // Past the first `sampleLimit` (and each check's own first few), in row order, no
        // repeat found at the join can be a sample: the rest are only counted.
        let sampled = max(tally.sampleLimit, ContractTally.samplesPerKey)
        for index in keys.indices {
            let duplicates = keys[index].append(later.keys[index], rowOffset: rowOffset)
            for duplicate in duplicates.prefix(sampled) {
                let row = duplicate.row + rowOffset
                cellsOwed = cellsOwed || duplicate.cellOwed
                for code in keys[index].codes {
                    recordDuplicate(code, key: index, row: row, line: line(ofRow: row), cell: duplicate.cell, inOrder: false)
                }
            }
            for code in keys[index].codes {
                tally.count(.init(code: code, field: keyLabels[index]), more: duplicates.count - sampled)
            }
        }
        // A repeated key of one field held as a fingerprint has no text here; when such a
        // duplicate is among the samples, only reading the rows again gives its cell.
        if cellsOwed {
            tally.trim()
            needsSequentialRead = needsSequentialRead || tally.keepsSample { issue in
                issue.code == .uniqueError && issue.fieldNumber != nil && issue.cell == nil
            }
        }
        for index in foreignKeys.indices {
            foreignKeys[index].append(later.foreignKeys[index], rowOffset: rowOffset)
        }
        rows += later.rows
        endLine += later.endLine - 1
    }

    /// The tally with the header's problems, once every row has been observed.
    public func finish() -> ContractTally {
        var tally = tally
        for (sequence, issue) in header.issues.enumerated() {
            tally.record(.init(code: issue.code, field: issue.fieldName?.isEmpty == false ? issue.fieldName : nil),
                order: SampleOrder(row: 1, phase: 0, field: 0, sequence: sequence)) { issue }
        }
        for (sequence, foreignKey) in foreignKeys.enumerated() {
            let key = ContractTally.Key(code: .foreignKey, field: foreignKey.key.label)
            let unresolved = foreignKey.unresolved()
            // Rows come in row order: past the first `sampleLimit` (and the check's own
            // first few), none can be a sample, so the rest are only counted.
            let sampled = max(tally.sampleLimit, ContractTally.samplesPerKey)
            for row in unresolved.prefix(sampled) {
                tally.record(key, order: order(row.row, .foreignKey, sequence: sequence)) {
                    let values = ForeignKeyIndex.display(foreignKey.values(of: row))
                    return ContractIssue(
                        code: .foreignKey, rowNumber: row.row, line: line(ofRow: row.row), cell: values,
                        message: "row \(row.row): '\(values)' of (\(foreignKey.key.fields.joined(separator: ", "))) is not a value of (\(foreignKey.key.referenceFields.joined(separator: ", "))) in any row: expected a reference to a row of the table")
                }
            }
            tally.count(key, more: unresolved.count - sampled)
        }
        tally.trim()
        return tally
    }
}
