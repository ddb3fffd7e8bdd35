namespace ImageTasks.Core.Pinning;

/// <summary>A build-integration failure with its IMGnnnn code; the message says what to do.</summary>
public sealed class PinningException : ImageTasksException
{
    public PinningException(string code, string message) : base(message) => Code = code;

    public string Code { get; }
}
