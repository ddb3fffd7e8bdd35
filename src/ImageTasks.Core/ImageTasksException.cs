using ImageTasks.Core.Diagnostics;

namespace ImageTasks.Core;

/// <summary>
/// The base of every failure the engine reports to a user. Its message is one line that names the input,
/// the rule it broke and, where there is one, the fix; faces print it as it is. Every failure carries its
/// <see cref="DiagnosticCode"/> (the build prints <c>error IMGnnnn:</c>), so the base cannot be thrown bare: throw the
/// domain's subclass, or what a factory in <see cref="Diagnostics"/> returns.
/// </summary>
public abstract class ImageTasksException : Exception
{
    protected ImageTasksException(DiagnosticCode code, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentNullException.ThrowIfNull(code);
        Code = code;
    }

    /// <summary>The catalogue entry this failure is an instance of.</summary>
    public DiagnosticCode Code { get; }
}
