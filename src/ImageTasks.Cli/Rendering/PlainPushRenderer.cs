using ImageTasks.Core.Operations.Push;

namespace ImageTasks.Cli.Rendering;

/// <summary>
/// What docker push prints when its output is not a terminal: one line per state change, no "Pushing" bars. A terminal
/// gets the same lines (there is no live push display yet).
/// </summary>
internal sealed class PlainPushRenderer : IProgress<PushEvent>
{
    private readonly TextWriter _output;
    private readonly Lock _gate = new();

    public PlainPushRenderer(TextWriter output) => _output = output;

    public void Report(PushEvent value)
    {
        var line = value switch
        {
            PushStarted s => PushLines.Started(s.Repository),
            LayerPreparing p => PushLines.Layer(p.Layer, "Preparing"),
            LayerWaiting w => PushLines.Layer(w.Layer, "Waiting"),
            LayerPushed p => PushLines.Layer(p.Layer, "Pushed"),
            LayerAlreadyExists e => PushLines.Layer(e.Layer, "Layer already exists"),
            LayerMounted m => PushLines.Layer(m.Layer, $"Mounted from {m.From}"),
            ForeignLayerSkipped f => PushLines.Layer(f.Layer, "Skipped foreign layer"),
            TagPushed t => PushLines.Finished(t.Result),
            _ => null,
        };
        if (line is not null)
        {
            lock (_gate)
            {
                _output.WriteLine(line);
            }
        }
    }
}
