using ImageTasks.Core.Diagnostics;

namespace ImageTasks.Core.Manifests;

/// <summary>A manifest, index or config that cannot be used: unknown or contradictory type, schema1, malformed JSON.</summary>
public sealed class ManifestException : ImageTasksException
{
    public ManifestException(string message) : base(DiagnosticCodes.ManifestInvalid, message) { }

    public ManifestException(string message, Exception innerException) : base(DiagnosticCodes.ManifestInvalid, message, innerException) { }

    /// <summary>A failure of this domain with its own code (see <see cref="DiagnosticCodes"/>).</summary>
    public ManifestException(DiagnosticCode code, string message, Exception? innerException = null) : base(code, message, innerException) { }
}
