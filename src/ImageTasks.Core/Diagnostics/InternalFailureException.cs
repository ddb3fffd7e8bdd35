namespace ImageTasks.Core.Diagnostics;

/// <summary>
/// IMG2999: an exception nobody anticipated (a bug). The one-line message keeps the exception's own message but not its
/// type, and says how to see the details; the inner exception carries the stack trace for the faces' debug output.
/// </summary>
public sealed class InternalFailureException : ImageTasksException
{
    public InternalFailureException(string message, Exception innerException) : base(DiagnosticCodes.Internal, message, innerException) { }
}
