using System.Text;

namespace ImageTasks.Cli.Rendering;

/// <summary>
/// Docker's table layout (Go's tabwriter with minwidth 10, padding 3): each column as wide as its widest cell plus
/// three spaces, at least ten; the last column is not padded.
/// </summary>
internal static class Table
{
    private const int MinWidth = 10;
    private const int Padding = 3;

    public static void Write(TextWriter output, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = new List<IReadOnlyList<string>> { header };
        all.AddRange(rows);
        var columns = all.Max(r => r.Count);
        string Cell(IReadOnlyList<string> row, int c) => c < row.Count ? row[c] : "";
        var widths = new int[columns];
        for (var c = 0; c < columns - 1; c++)
        {
            widths[c] = Math.Max(MinWidth, all.Max(r => Cell(r, c).Length) + Padding);
        }

        var line = new StringBuilder();
        foreach (var row in all)
        {
            line.Clear();
            for (var c = 0; c < columns; c++)
            {
                line.Append(c < columns - 1 ? Cell(row, c).PadRight(widths[c]) : Cell(row, c));
            }

            output.WriteLine(line.ToString());
        }
    }
}
