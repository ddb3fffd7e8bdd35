using ImageTasks.Core.Diagnostics;

namespace ImageTasks.Core.Serving;

/// <summary>The store cannot be served as asked (IMG2020, IMG2021); <see cref="ServeErrors"/> words each case.</summary>
public sealed class ServeException : ImageTasksException
{
    public ServeException(DiagnosticCode code, string message, Exception? innerException = null) : base(code, message, innerException) { }
}
