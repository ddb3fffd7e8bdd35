namespace ImageTasks.Core.Diagnostics;

/// <summary>
/// IMG2010: the operating system refused a read or a write (a read-only folder, a missing path, a full disk). Wraps the
/// <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/>, whose message already names the path.
/// </summary>
public sealed class FileAccessException : ImageTasksException
{
    public FileAccessException(string message, Exception innerException) : base(DiagnosticCodes.FileAccess, message, innerException) { }
}
