using ImageTasks.Core.Diagnostics;

namespace ImageTasks.Core.Store;

/// <summary>The local store cannot do what was asked: a digest mismatch, a lock held too long, a damaged index.</summary>
public sealed class StoreException : ImageTasksException
{
    public StoreException(string message) : base(DiagnosticCodes.StoreUnusable, message) { }

    public StoreException(string message, Exception innerException) : base(DiagnosticCodes.StoreUnusable, message, innerException) { }

    /// <summary>A failure of this domain with its own code (see <see cref="DiagnosticCodes"/>).</summary>
    public StoreException(DiagnosticCode code, string message, Exception? innerException = null) : base(code, message, innerException) { }
}
