using ImageTasks.Core.Diagnostics;

namespace ImageTasks.Core.References;

/// <summary>
/// A digest string that is not "sha256:&lt;64 lowercase hex&gt;" or "sha512:&lt;128 lowercase hex&gt;".
/// The message quotes the input and names the rule it broke.
/// </summary>
public sealed class DigestFormatException : ImageTasksException
{
    public DigestFormatException(string message) : base(DiagnosticCodes.InvalidInput, message) { }

    public DigestFormatException(string message, Exception innerException) : base(DiagnosticCodes.InvalidInput, message, innerException) { }
}
