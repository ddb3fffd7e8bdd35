using System.Text;
using System.Text.Json.Nodes;

namespace ImageTasks.Cli.Rendering;

/// <summary>
/// Docker's <c>--format</c> conventions (cli/command/formatter.Context) over <see cref="Template"/>: empty or
/// <c>table</c> means the command's default table; <c>json</c> means <c>{{json .}}</c>; a <c>table</c> prefix adds a
/// header row and lays the rows out with <see cref="Table"/>; the escapes <c>\t</c> and <c>\n</c> typed on a command
/// line become a tab and a newline. Without <c>table</c>, each row is printed as rendered, one per line.
/// </summary>
internal sealed class TemplateFormat
{
    private const string TableKey = "table";
    private const string JsonKey = "json";

    private readonly Template _template;

    private TemplateFormat(Template template, bool isTable)
    {
        _template = template;
        IsTable = isTable;
    }

    public bool IsTable { get; }

    /// <param name="format">what the user passed to --format, if anything</param>
    /// <param name="defaultTable">the command's own table, e.g. <c>table {{.Name}}\t{{.Description}}</c></param>
    /// <exception cref="TemplateException">the template does not parse</exception>
    public static TemplateFormat Parse(string? format, string defaultTable)
    {
        var source = string.IsNullOrEmpty(format) || format == TableKey ? defaultTable : format;
        var isTable = source.StartsWith(TableKey, StringComparison.Ordinal);
        var text = isTable ? source[TableKey.Length..] : source.Trim() == JsonKey ? "{{json .}}" : source;
        text = text.Trim().Replace(@"\t", "\t", StringComparison.Ordinal).Replace(@"\n", "\n", StringComparison.Ordinal);
        return new TemplateFormat(Template.Parse(text), isTable);
    }

    /// <summary>Renders every row (all of them before anything is written, so a failing row leaves no partial output).</summary>
    /// <param name="header">column name per field, for the table header</param>
    public void Write(TextWriter output, JsonObject header, IEnumerable<TemplateData> rows)
    {
        var text = new StringBuilder();
        if (IsTable)
        {
            text.Append(_template.ExecuteHeader(header)).Append('\n');
        }

        foreach (var row in rows)
        {
            text.Append(_template.Execute(row)).Append('\n');
        }

        if (IsTable)
        {
            Table.WriteText(output, text.ToString());
        }
        else
        {
            output.Write(text.ToString().ReplaceLineEndings());
        }
    }
}
