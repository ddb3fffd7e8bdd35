using ImageTasks.Cli.Rendering;
using ImageTasks.Core.Operations.Pull;
using ImageTasks.Core.Platforms;
using ImageTasks.Core.References;

namespace ImageTasks.Cli.Tests.Rendering;

/// <summary>The terminal view: layer lines redrawn in place (cursor up, clear line) with a progress bar while bytes arrive.</summary>
public sealed class LivePullRendererTests
{
    [Fact]
    public void Layer_lines_are_redrawn_in_place_with_a_bar_and_end_with_dockers_lines()
    {
        var reference = ImageReference.Parse("127.0.0.1:5000/app:1");
        var layer = Digest.Compute("layer"u8);
        using var output = new StringWriter();
        var renderer = new LivePullRenderer(output);

        renderer.Report(new PullStarted(reference));
        renderer.Report(new LayerQueued(layer, 2_000_000));
        renderer.Report(new LayerProgress(layer, 1_000_000, 2_000_000));
        renderer.Report(new LayerDownloaded(layer));
        renderer.Report(new LayerComplete(layer));
        var result = new PullResult(reference, layer, layer, layer, Platform.Parse("linux/amd64"), false, null, 1, 0, 2_000_000);
        renderer.Report(new PullFinished(result));

        var text = output.ToString();
        Assert.StartsWith("1: Pulling from app" + Environment.NewLine, text, StringComparison.Ordinal);
        Assert.Contains($"\u001b[2K{layer.ShortId}: Downloading [{new string('=', 24)}>{new string(' ', 25)}]  1MB/2MB\n", text, StringComparison.Ordinal);
        Assert.Contains("\u001b[1A", text, StringComparison.Ordinal); // back up over the layer line to redraw it
        Assert.Contains($"\u001b[2K{layer.ShortId}: Pull complete\n", text, StringComparison.Ordinal);
        Assert.EndsWith($"Digest: {layer}" + Environment.NewLine, text, StringComparison.Ordinal);
    }
}
