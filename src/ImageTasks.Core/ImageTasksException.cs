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
        : base(OneLine(message), innerException)
    {
        ArgumentNullException.ThrowIfNull(code);
        Code = code;
    }

    /// <summary>The catalogue entry this failure is an instance of.</summary>
    public DiagnosticCode Code { get; }

    /// <summary>
    /// Messages echo what users and registries wrote (a name, a media type, a JSON key), and those may hold line breaks
    /// or terminal control characters: each becomes a space, so every failure stays one line whatever it quotes.
    /// </summary>
    private static string OneLine(string message) =>
        message is null || !message.Any(IsControl) ? message! : string.Concat(message.Select(c => IsControl(c) ? ' ' : c));

    private static bool IsControl(char c) => char.IsControl(c) || c is '\u2028' or '\u2029';
}
