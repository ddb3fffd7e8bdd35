namespace ImageTasks.Cli.Rendering;

/// <summary>
/// What docker prints when its output is not a terminal: one line per event worth a line, in the order events arrive
/// (from parallel layer tasks, hence the lock). The wording lives in the line function each command passes.
/// </summary>
internal sealed class LineRenderer<TEvent> : IProgress<TEvent>
{
    private readonly TextWriter _output;
    private readonly Func<TEvent, string?> _line;
    private readonly Lock _gate = new();

    /// <param name="line">the line for an event, or null for events that print nothing</param>
    public LineRenderer(TextWriter output, Func<TEvent, string?> line)
    {
        _output = output;
        _line = line;
    }

    public void Report(TEvent value)
    {
        if (_line(value) is { } line)
        {
            lock (_gate)
            {
                _output.WriteLine(line);
            }
        }
    }
}
