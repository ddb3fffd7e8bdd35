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

        // One write for the whole table: the console flushes every write, and ls may print thousands of rows.
        var text = new StringBuilder();
        foreach (var row in all)
        {
            for (var c = 0; c < columns; c++)
            {
                var cell = Cell(row, c);
                text.Append(cell);
                if (c < columns - 1)
                {
                    text.Append(' ', Math.Max(0, widths[c] - cell.Length));
                }
            }

            text.Append(output.NewLine);
        }

        output.Write(text.ToString());
    }
}
