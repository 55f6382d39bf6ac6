import ArgumentParser
import Foundation

/// `--store DIR`, shared by every command that works on a store.
/// Default: `$KGREC_STORE`, else `./kgrec-data`.
struct StoreOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Store directory (default: $KGREC_STORE or ./kgrec-data).", valueName: "dir"))
    var store: String?

    /// The directory to use.
    var path: String {
        if let store { return store }
        if let env = ProcessInfo.processInfo.environment["KGREC_STORE"], !env.isEmpty { return env }
        return "./kgrec-data"
    }
}
