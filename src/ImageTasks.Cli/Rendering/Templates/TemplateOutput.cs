namespace ImageTasks.Cli.Rendering.Templates;

/// <summary>
/// Writes rows through a --format template the way docker does: a table template gets a header row and columns aligned
/// on its tabs; any other template prints one line per row as it is. Everything is rendered before anything is
/// written, so a template error leaves no partial output.
/// </summary>
internal static class TemplateOutput
{
    public static void Write(TextWriter output, string format, IEnumerable<TemplateData> rows, IReadOnlyDictionary<string, string> columnNames)
    {
        var template = GoTemplate.Parse(format);
        var lines = rows.Select(template.Execute).ToList();
        if (!template.IsTable)
        {
            foreach (var line in lines)
            {
                output.WriteLine(line);
            }

            return;
        }

        var cells = lines.Select(l => (IReadOnlyList<string>)l.Split('\t'));
        Table.Write(output, template.Header(columnNames).Split('\t'), cells);
    }
}
