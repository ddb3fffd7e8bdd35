using ImageTasks.Core.Diagnostics;

namespace ImageTasks.Core.Archives;

/// <summary>An image archive (docker save, podman save, skopeo's docker-archive or oci-archive) that cannot be used as it is.</summary>
public sealed class ArchiveException : ImageTasksException
{
    public ArchiveException(DiagnosticCode code, string message, Exception? innerException = null) : base(code, message, innerException) { }
}
