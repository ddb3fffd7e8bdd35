using System.Globalization;
using System.Text;
using ImageTasks.Core.Operations.List;

namespace ImageTasks.Cli.Rendering;

/// <summary>
/// <c>ls --tree</c> laid out as docker 28.2's CLI lays it out when its output is not a terminal (recorded from the
/// docker 28.2.2 binary): the experimental warning, the legend right-aligned to 80 columns, a header whose titles keep
/// docker's bold escape codes (docker writes them even to a pipe), then per image its names, its details, and one
/// <c>├─</c>/<c>└─</c> line per platform, each image followed by an empty line. The first column is as wide as the
/// widest name or platform line (counted in bytes, as Go's len counts them) up to what 80 columns leave.
/// </summary>
internal static class ImageTreeTable
{
    private const int Width = 80;
    private const int Spacing = 3;
    private const string Warning = "WARNING: This is an experimental feature. The output may change and shouldn't be depended on.";
    private const string Legend = "Info ->  U In Use ";
    private const string Branch = "├─ ";
    private const string LastBranch = "└─ ";

    private static readonly Column[] DetailColumns =
    [
        new("ID", 12, Align.Left),
        new("DISK USAGE", 10, Align.Right),
        new("CONTENT SIZE", 12, Align.Right),
        new("EXTRA", 5, Align.Left),
    ];

    public static string Render(IReadOnlyList<ImageTreeImage> images)
    {
        var nameWidth = Width - DetailColumns.Sum(c => c.Width + Spacing);
        var widest = Math.Max("IMAGE".Length, images.Count == 0 ? 0 : images.Max(i => Math.Max(
            i.Names.Max(n => Encoding.UTF8.GetByteCount(n)),
            i.Platforms.Count == 0 ? 0 : i.Platforms.Max(p => Encoding.UTF8.GetByteCount(LastBranch + p.Platform)))));
        nameWidth = Math.Min(nameWidth, widest);

        var text = new StringBuilder();
        text.Append(Warning).Append('\n');
        text.Append(Legend.PadLeft(Width)).Append('\n').Append('\n');
        text.Append(Header("IMAGE", nameWidth, Align.Left));
        foreach (var column in DetailColumns)
        {
            text.Append(' ', Spacing).Append(Header(column.Title, column.Width, column.Align));
        }

        text.Append('\n');
        foreach (var image in images)
        {
            for (var i = 0; i < image.Names.Count - 1; i++)
            {
                text.Append(image.Names[i]).Append('\n');
            }

            text.Append(Cell(image.Names[^1], nameWidth, Align.Left));
            Details(text, image.Id.ShortId, image.Size, image.Size, image.Used);
            for (var i = 0; i < image.Platforms.Count; i++)
            {
                var platform = image.Platforms[i];
                text.Append(Cell((i == image.Platforms.Count - 1 ? LastBranch : Branch) + platform.Platform, nameWidth, Align.Left));
                Details(text, platform.Id.ShortId, platform.Size, platform.Size, platform.Used);
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    private static void Details(StringBuilder text, string id, long diskUsage, long contentSize, bool used)
    {
        string[] values = [id, HumanUnits.Size(diskUsage), HumanUnits.Size(contentSize), used ? "U" : ""];
        for (var i = 0; i < DetailColumns.Length; i++)
        {
            text.Append(' ', Spacing).Append(Cell(values[i], DetailColumns[i].Width, DetailColumns[i].Align));
        }

        text.Append('\n');
    }

    // docker bolds header titles with escape codes even when writing to a pipe; the padding stays outside them.
    private static string Header(string title, int width, Align align)
    {
        var styled = "\u001b[39m\u001b[1m" + title + "\u001b[0m";
        var fill = new string(' ', Math.Max(0, width - title.Length));
        return align == Align.Right ? fill + styled : styled + fill;
    }

    // Counted in characters; a value too wide is cut with an ellipsis, as docker cuts it.
    private static string Cell(string value, int width, Align align)
    {
        var info = new StringInfo(value);
        if (info.LengthInTextElements > width)
        {
            return info.SubstringByTextElements(0, width - 1) + "…";
        }

        var fill = new string(' ', width - info.LengthInTextElements);
        return align == Align.Right ? fill + value : value + fill;
    }

    private enum Align
    {
        Left,
        Right,
    }

    private sealed record Column(string Title, int Width, Align Align);
}
