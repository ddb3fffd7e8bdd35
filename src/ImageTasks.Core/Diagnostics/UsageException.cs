namespace ImageTasks.Core.Diagnostics;

/// <summary>
/// An argument, option value or filter that cannot be used as given (IMG2002 and kin); <see cref="UsageErrors"/> words
/// each one. <see cref="Input"/> is the offending text, so a face can add its own flag name around it.
/// </summary>
public sealed class UsageException : ImageTasksException
{
    public UsageException(DiagnosticCode code, string message, string? input = null, string? rule = null) : base(code, message)
    {
        Input = input;
        Rule = rule;
    }

    /// <summary>The text that broke the rule, when there is one.</summary>
    public string? Input { get; }

    /// <summary>The rule alone, when a face words the failure its own way (docker names the flag: <c>invalid argument "x" for "-f, --filter" flag: rule</c>).</summary>
    public string? Rule { get; }
}
