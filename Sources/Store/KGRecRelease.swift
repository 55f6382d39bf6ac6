/// The release of kgrec this code is: the one place the version is written.
///
/// `kgrec --version` prints it; `CHANGELOG.md`'s newest heading must name it (a test checks).
public enum KGRecRelease {
    /// Semantic version of the command-line tool, the libraries and the server.
    public static let version = "0.1.0"
}
