using System.Text;

namespace ImageTasks.Cli.Rendering;

/// <summary>
/// Docker's table layout: Go's tabwriter as docker configures it (minwidth 10, padding 3, padchar ' ', no flags). Every
/// cell but a line's last is tab-terminated; a column is as wide as its widest cell plus three, at least ten, computed
/// over each block of consecutive lines that have that column; a line's last cell is never padded. Widths count runes,
/// as tabwriter does.
/// </summary>
internal static class Table
{
    private const int MinWidth = 10;
    private const int Padding = 3;

    /// <summary>A header and rows of cells (the same count each).</summary>
    public static void Write(TextWriter output, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows) =>
        WriteLines(output, [header, .. rows]);

    /// <summary>Text as a template renders it: lines split at '\n', cells at '\t'.</summary>
    public static void WriteText(TextWriter output, string text)
    {
        var lines = text.Split('\n');
        // The text's final newline ends the last line; it does not start another.
        var count = lines.Length > 0 && lines[^1].Length == 0 ? lines.Length - 1 : lines.Length;
        WriteLines(output, lines.Take(count).Select(l => (IReadOnlyList<string>)l.Split('\t')).ToList());
    }

    private static void WriteLines(TextWriter output, List<IReadOnlyList<string>> lines)
    {
        var widths = new List<int>();
        var text = new StringBuilder();
        Format(lines, widths, 0, lines.Count, text);
        output.Write(text.ToString());
    }

    /// <summary>Go's tabwriter.format: widths are fixed column by column, per block of lines that share the column.</summary>
    private static void Format(List<IReadOnlyList<string>> lines, List<int> widths, int line0, int line1, StringBuilder text)
    {
        var column = widths.Count;
        for (var current = line0; current < line1; current++)
        {
            if (column >= lines[current].Count - 1)
            {
                continue;
            }

            // This line has a terminated cell in this column: it starts a block. Lines before it are done.
            WriteBlock(lines, widths, line0, current, text);
            line0 = current;
            var width = MinWidth;
            for (; current < line1 && column < lines[current].Count - 1; current++)
            {
                width = Math.Max(width, RuneCount(lines[current][column]) + Padding);
            }

            widths.Add(width);
            Format(lines, widths, line0, current, text);
            widths.RemoveAt(widths.Count - 1);
            line0 = current; // the line that ended the block has no cell here: the loop may step past it, as Go's does
        }

        WriteBlock(lines, widths, line0, line1, text);
    }

    private static void WriteBlock(List<IReadOnlyList<string>> lines, List<int> widths, int line0, int line1, StringBuilder text)
    {
        for (var i = line0; i < line1; i++)
        {
            var cells = lines[i];
            for (var c = 0; c < cells.Count; c++)
            {
                text.Append(cells[c]);
                if (c < cells.Count - 1 && c < widths.Count)
                {
                    text.Append(' ', widths[c] - RuneCount(cells[c]));
                }
            }

            text.Append(Environment.NewLine);
        }
    }

    /// <summary>Runes in a cell, counted without LINQ: ls measures every cell of every row twice.</summary>
    private static int RuneCount(string cell)
    {
        var count = 0;
        foreach (var _ in cell.EnumerateRunes())
        {
            count++;
        }

        return count;
    }
}
