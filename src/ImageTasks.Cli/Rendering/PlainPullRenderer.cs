using ImageTasks.Core.Operations.Pull;

namespace ImageTasks.Cli.Rendering;

/// <summary>What docker pull prints when its output is not a terminal: one line per state change, no bars.</summary>
internal sealed class PlainPullRenderer : IProgress<PullEvent>
{
    private readonly TextWriter _output;
    private readonly Lock _gate = new();

    public PlainPullRenderer(TextWriter output) => _output = output;

    public void Report(PullEvent value)
    {
        var line = value switch
        {
            PullStarted s => PullLines.Started(s.Reference),
            LayerQueued q => PullLines.Layer(q.Layer, "Pulling fs layer"),
            LayerExists e => PullLines.Layer(e.Layer, "Already exists"),
            LayerVerifying v => PullLines.Layer(v.Layer, "Verifying Checksum"),
            LayerDownloaded d => PullLines.Layer(d.Layer, "Download complete"),
            LayerComplete c => PullLines.Layer(c.Layer, "Pull complete"),
            PullFinished f => Finished(f.Result),
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

    private static string Finished(PullResult result) =>
        PullLines.TagMoved(result) is { } moved ? PullLines.Digest(result) + Environment.NewLine + moved : PullLines.Digest(result);
}
