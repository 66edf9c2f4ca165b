import ArgumentParser
import Foundation
import MLGate

/// `mlgate profile`: stores what the drift tests need of a reference.
struct Profile: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile",
        abstract: "Write a reference profile for drift gates (reference_profile:), read once instead of every run.",
        discussion: """
            Per column: counts, exact value counts when it has at most --value-limit \
            distinct values (every drift test is then exact), otherwise mean, standard \
            deviation and a quantile sketch; docs/drift.md says how closely tests on a \
            sketch approximate tests on the raw data. Exit 2 on an input error.
            """
    )

    @Argument(help: "The reference data (CSV, TSV, JSON Lines or Parquet).")
    var reference: String

    @OptionGroup var dialectOptions: DialectOptions

    @OptionGroup var databaseOptions: DatabaseOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("Where to write the profile (default: REFERENCE with .profile.json).", valueName: "path"))
    var output: String?

    @Option(help: "Numeric columns with more distinct values are sketched.")
    var valueLimit: Int = DriftColumnSample.categoryLimit

    @Option(help: "Points of each quantile sketch.")
    var quantiles: Int = ReferenceProfile.defaultQuantileCount

    func validate() throws {
        guard valueLimit >= 1 else { throw ValidationError("--value-limit must be at least 1") }
        guard quantiles >= 2, quantiles <= InputLimits.profileQuantiles else {
            throw ValidationError("--quantiles must be from 2 to \(InputLimits.profileQuantiles) (docs/limits.md), found \(quantiles)")
        }
    }

    func run() async throws {
        var input = try databaseOptions.input(reference)
        try dialectOptions.apply(to: &input)
        let target = output ?? ((reference as NSString).deletingPathExtension + ".profile.json")
        let profile = try await ReferenceProfile.make(input, valueLimit: valueLimit, quantileCount: quantiles)
        try AtomicFileWriter.write(profile.json(), to: URL(fileURLWithPath: target))
        Output.print(ProfileSummaryRenderer().text(profile, path: target))
    }
}
