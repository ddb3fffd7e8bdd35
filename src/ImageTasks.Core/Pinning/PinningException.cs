using ImageTasks.Core.Diagnostics;

namespace ImageTasks.Core.Pinning;

/// <summary>A build-integration failure (IMG1xxx); <see cref="PinningErrors"/> words each one.</summary>
public sealed class PinningException : ImageTasksException
{
    public PinningException(DiagnosticCode code, string message, Exception? innerException = null) : base(code, message, innerException) { }
}
