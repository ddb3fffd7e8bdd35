namespace ImageTasks.Core.Diagnostics;

/// <summary>
/// What a face does with any exception that reaches it: the CLI prints <c>Error: message</c>, the build logs
/// <c>error IMGnnnn: message</c>. Both ask <see cref="Classify"/> first, so nothing uncoded reaches a user.
/// </summary>
public static class Failures
{
    /// <summary>
    /// The coded failure for <paramref name="exception"/>: itself when it is already one; IMG2010 for the operating
    /// system refusing a file; else IMG2999, whose message ends with <paramref name="detailsHint"/> (how this face shows
    /// the stack trace: "run with --debug for details").
    /// </summary>
    public static ImageTasksException Classify(Exception exception, string detailsHint)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            ImageTasksException coded => coded,
            IOException or UnauthorizedAccessException => FileAccess(exception),
            _ => new InternalFailureException($"internal error: {Describe(exception)}; {detailsHint}", exception),
        };
    }

    /// <summary>IMG2010 for an <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/>: its message names the path.</summary>
    public static FileAccessException FileAccess(Exception exception) =>
        new($"{Describe(exception)}: check the path, its permissions and the free disk space", exception);

    /// <summary>
    /// An exception's message as the cause in another message, without its type name: a coded failure's message as it
    /// is; any other on one line, without the final stop (the caller's sentence goes on).
    /// </summary>
    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception is ImageTasksException ? exception.Message : exception.Message.ReplaceLineEndings(" ").Trim().TrimEnd('.');
    }
}
