using System.Text;
using ImageTasks.Core.Operations.Pull;
using ImageTasks.Core.References;

namespace ImageTasks.Cli.Rendering;

/// <summary>
/// Docker's terminal view: one line per layer, redrawn in place with a progress bar while bytes arrive
/// (<c>a1b2c3d4e5f6: Downloading [=====>        ]  1.2MB/3.4MB</c>).
/// </summary>
internal sealed class LivePullRenderer : IProgress<PullEvent>
{
    private const int BarWidth = 50;
    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(100);

    private readonly TextWriter _output;
    private readonly Lock _gate = new();
    private readonly List<Digest> _order = [];
    private readonly Dictionary<Digest, string> _status = [];
    private int _drawnLines;
    private DateTime _lastDraw;

    public LivePullRenderer(TextWriter output) => _output = output;

    public void Report(PullEvent value)
    {
        lock (_gate)
        {
            switch (value)
            {
                case PullStarted s:
                    _order.Clear();
                    _status.Clear();
                    _drawnLines = 0;
                    _output.WriteLine(PullLines.Started(s.Reference));
                    return;
                case PullFinished f:
                    Redraw(force: true);
                    _output.WriteLine(PullLines.Digest(f.Result));
                    if (PullLines.TagMoved(f.Result) is { } moved)
                    {
                        _output.WriteLine(moved);
                    }

                    _order.Clear();
                    _drawnLines = 0;
                    return;
                case LayerQueued q:
                    Set(q.Layer, "Pulling fs layer");
                    break;
                case LayerWaiting w:
                    Set(w.Layer, "Waiting");
                    break;
                case LayerExists e:
                    Set(e.Layer, "Already exists");
                    break;
                case LayerProgress p:
                    Set(p.Layer, $"Downloading {Bar(p.Received, p.Size)}");
                    Redraw(force: false);
                    return;
                case LayerVerifying v:
                    Set(v.Layer, "Verifying Checksum");
                    break;
                case LayerDownloaded d:
                    Set(d.Layer, "Download complete");
                    break;
                case LayerComplete c:
                    Set(c.Layer, "Pull complete");
                    break;
            }

            Redraw(force: true);
        }
    }

    private void Set(Digest layer, string status)
    {
        if (!_status.ContainsKey(layer))
        {
            _order.Add(layer);
        }

        _status[layer] = status;
    }

    /// <summary>State changes redraw at once; byte counts at most every <see cref="RedrawInterval"/>.</summary>
    private void Redraw(bool force)
    {
        if (!force)
        {
            if (DateTime.UtcNow - _lastDraw < RedrawInterval)
            {
                return;
            }

            _lastDraw = DateTime.UtcNow;
        }

        var screen = new StringBuilder();
        if (_drawnLines > 0)
        {
            screen.Append($"\u001b[{_drawnLines}A"); // back to the first layer line
        }

        foreach (var layer in _order)
        {
            screen.Append("\u001b[2K").Append(PullLines.Layer(layer, _status[layer])).Append('\n');
        }

        _drawnLines = _order.Count;
        _output.Write(screen.ToString());
        _output.Flush();
    }

    private static string Bar(long received, long size)
    {
        if (size <= 0)
        {
            return HumanUnits.Size(received);
        }

        var filled = (int)(BarWidth * Math.Min(1.0, (double)received / size));
        var bar = new string('=', Math.Max(0, filled - 1)) + (filled > 0 ? ">" : "") + new string(' ', BarWidth - filled);
        return $"[{bar}]  {HumanUnits.Size(received)}/{HumanUnits.Size(size)}";
    }
}
