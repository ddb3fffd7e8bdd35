using ImageTasks.Core.Diagnostics;

namespace ImageTasks.Core.Operations.Push;

/// <summary>A push that cannot start: nothing under that name in the store, a digest where a tag is needed.</summary>
public sealed class PushException : ImageTasksException
{
    public PushException(string message) : base(DiagnosticCodes.PushFailed, message) { }
}
