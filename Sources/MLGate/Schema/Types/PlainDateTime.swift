/// The common shapes of `date` and `datetime` cells, checked eight bytes at a time:
/// `YYYY-MM-DD` and `YYYY-MM-DDTHH:MM:SS` naming a real day (and an hour 00–23). A
/// cell of that shape is valid exactly when these say so; any other cell is for the
/// full readers (``FieldCaster/defaultDate(_:)``, `ISOParser`) to judge.
enum PlainDateTime {
    /// The 8 bytes at `offset` as a little-endian word (the caller makes sure they lie
    /// in the cell).
    @inline(__always)
    private static func word(_ bytes: UnsafeBufferPointer<UInt8>, _ offset: Int) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(bytes.baseAddress! + offset).loadUnaligned(as: UInt64.self))
    }

    /// Whether every byte of `word` where `digits` has 0xFF is an ASCII digit: its high
    /// nibble is 3 and its low nibble plus 6 does not carry.
    @inline(__always)
    private static func areDigits(_ word: UInt64, _ digits: UInt64) -> Bool {
        let highs = word & digits & 0xF0F0_F0F0_F0F0_F0F0
        let lows = word & digits & 0x0F0F_0F0F_0F0F_0F0F
        return highs == digits & 0x3030_3030_3030_3030 && (lows &+ (digits & 0x0606_0606_0606_0606)) & 0xF0F0_F0F0_F0F0_F0F0 == 0
    }

    /// The digit in byte `index` of `word`.
    @inline(__always)
    private static func digit(_ word: UInt64, _ index: Int) -> Int {
        Int(truncatingIfNeeded: (word >> UInt64(8 * index)) & 0x0F)
    }

    /// Year, month and day of `YYYY-MM-DD…` from the first 10 bytes, when they are digits
    /// and dashes in that shape; nil otherwise.
    @inline(__always)
    private static func day(_ bytes: UnsafeBufferPointer<UInt8>) -> (year: Int, month: Int, day: Int)? {
        // Bytes 0–7 are `YYYY-MM-`, bytes 2–9 `YY-MM-DD`.
        let head = word(bytes, 0), tail = word(bytes, 2)
        guard head & 0xFF00_00FF_0000_0000 == 0x2D00_002D_0000_0000,
              areDigits(head, 0x00FF_FF00_FFFF_FFFF), areDigits(tail, 0xFFFF_0000_0000_0000)
        else { return nil }
        let year = digit(head, 0) * 1000 + digit(head, 1) * 100 + digit(head, 2) * 10 + digit(head, 3)
        return (year, digit(head, 5) * 10 + digit(head, 6), digit(tail, 6) * 10 + digit(tail, 7))
    }

    /// `YYYY-MM-DD` naming a real day.
    @inline(__always)
    static func isPlainDate(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count == 10, let (year, month, day) = day(bytes) else { return false }
        return CivilCalendar.isValid(year: year, month: month, day: day)
    }

    /// The days since 1970-01-01 of `YYYY-MM-DD` naming a real day; nil for any other cell.
    @inline(__always)
    static func plainDays(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard bytes.count == 10, let (year, month, day) = day(bytes), CivilCalendar.isValid(year: year, month: month, day: day)
        else { return nil }
        return CivilCalendar.days(year: year, month: month, day: day)
    }

    /// `YYYY-MM-DDTHH:MM:SS` naming a real moment (hours 00–23).
    @inline(__always)
    static func isPlainDatetime(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count == 19, let (year, month, day) = day(bytes) else { return false }
        // Bytes 8–15 are `DDTHH:MM`, bytes 11–18 `HH:MM:SS`.
        let middle = word(bytes, 8), time = word(bytes, 11)
        guard middle & 0x0000_FF00_00FF_0000 == 0x0000_3A00_0054_0000, time & 0x0000_FF00_0000_0000 == 0x0000_3A00_0000_0000,
              areDigits(middle, 0xFFFF_00FF_FF00_0000), areDigits(time, 0xFFFF_0000_0000_0000)
        else { return false }
        let hour = digit(middle, 3) * 10 + digit(middle, 4), minute = digit(middle, 6) * 10 + digit(middle, 7)
        let second = digit(time, 6) * 10 + digit(time, 7)
        return CivilCalendar.isValid(year: year, month: month, day: day) && hour <= 23 && minute <= 59 && second <= 59
    }
}
