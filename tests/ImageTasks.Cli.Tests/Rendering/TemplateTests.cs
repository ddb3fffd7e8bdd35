using System.Text.Json.Nodes;
using ImageTasks.Cli.Rendering;

namespace ImageTasks.Cli.Tests.Rendering;

/// <summary>The Go-template subset: what each construct prints, and the one-line errors for what it cannot do.</summary>
public sealed class TemplateTests
{
    private static readonly TemplateData Image = new(JsonNode.Parse("""
        {
          "Name": "alpine",
          "Stars": 11135,
          "Official": true,
          "Note": null,
          "Tags": ["3.19", "latest"],
          "Config": { "Labels": { "b": "2", "a": "1" }, "User": "root", "Html": "<a&b>" }
        }
        """));

    [Theory]
    [InlineData("{{.Name}}", "alpine")]
    [InlineData("name: {{ .Name }}!", "name: alpine!")]
    [InlineData("{{.Stars}} {{.Official}} {{.Note}}", "11135 true <nil>")]
    [InlineData("{{.Config.User}}", "root")]
    [InlineData("{{.Tags}}", "[3.19 latest]")]
    [InlineData("{{.Config.Labels}}", "map[a:1 b:2]")]
    [InlineData("{{json .Config.Labels}}", """{"b":"2","a":"1"}""")]
    [InlineData("{{json .Tags}}", """["3.19","latest"]""")]
    [InlineData("{{json .Name}}", "\"alpine\"")]
    [InlineData("{{json .Config.Html}}", "\"<a&b>\"")]
    [InlineData("{{.Name | json}}", "\"alpine\"")]
    [InlineData("{{.Name | upper}}-{{lower \"ABC\"}}", "ALPINE-abc")]
    [InlineData("{{\"}} braces {{\"}}", "}} braces {{")]
    [InlineData("a  {{- .Name -}}  b", "aalpineb")]
    [InlineData("a{{/* a comment */}}b", "ab")]
    [InlineData("no actions at all", "no actions at all")]
    public void Fields_nesting_json_pipes_and_literals_print_as_go_prints_them(string template, string expected) =>
        Assert.Equal(expected, Template.Parse(template).Execute(Image));

    [Fact]
    public void Json_of_the_dot_is_the_whole_object_or_the_commands_own_json_form()
    {
        var fields = TemplateData.FromStrings([new("Name", "x"), new("IsOfficial", "[OK]")], json: [new("IsOfficial", "true"), new("Name", "x")]);

        Assert.Equal("""{"IsOfficial":"true","Name":"x"}""", Template.Parse("{{json .}}").Execute(fields));
        Assert.Equal("[OK]", Template.Parse("{{.IsOfficial}}").Execute(fields));
        Assert.Equal("""{"Name":"a\"b\\c\n\u2028é"}""", Template.Parse("{{json .}}").Execute(TemplateData.FromStrings([new("Name", "a\"b\\c\n\u2028é")])));
    }

    [Theory]
    [InlineData("{{.Nope}}", "template parsing error: template: :1:2: executing \"\" at <.Nope>: can't evaluate field Nope")]
    [InlineData("{{.Name}} {{.Config.Nope}}", "template parsing error: template: :1:19: executing \"\" at <.Config.Nope>: can't evaluate field Nope")]
    [InlineData("{{.Name}}\n  {{.Name.First}}", "template parsing error: template: :2:9: executing \"\" at <.Name.First>: can't evaluate field First in type string")]
    [InlineData("{{json .Missing}}", "template parsing error: template: :1:7: executing \"\" at <.Missing>: can't evaluate field Missing")]
    public void An_unknown_field_is_one_line_naming_it_and_its_place(string template, string expected)
    {
        var error = Assert.Throws<TemplateException>(() => Template.Parse(template).Execute(Image));
        Assert.Equal(expected, error.Message);
    }

    [Theory]
    [InlineData("{{.Name", "template parsing error: template: :1: unclosed action")]
    [InlineData("{{InvalidFunction}}", "template parsing error: template: :1: function \"InvalidFunction\" not defined")]
    [InlineData("{{}}", "template parsing error: template: :1: missing value for command")]
    [InlineData("x\n{{range .Tags}}{{.}}", "template parsing error: template: :2: unexpected EOF")]
    [InlineData("{{define \"x\"}}a{{end}}", "template parsing error: template: :1: {{define}} is not supported in --format templates; write the template inline")]
    [InlineData("{{.A.}}", "template parsing error: template: :1: unexpected <.> in operand")]
    [InlineData("{{@}}", "template parsing error: template: :1: unexpected \"@\" in command")]
    [InlineData("{{\"abc}}", "template parsing error: template: :1: unterminated quoted string")]
    [InlineData("{{/* open }}", "template parsing error: template: :1: unclosed comment")]
    [InlineData("{{/* a */ .Name}}", "template parsing error: template: :1: comment ends before closing delimiter")]
    public void A_malformed_template_is_one_line_saying_what_is_wrong(string template, string expected)
    {
        var error = Assert.Throws<TemplateException>(() => Template.Parse(template));
        Assert.Equal(expected, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_header_passes_functions_through_and_shows_unknown_columns_as_no_value()
    {
        var header = new JsonObject { ["Name"] = "NAME", ["StarCount"] = "STARS" };

        Assert.Equal("NAME\tSTARS\t<no value>", Template.Parse("{{json .Name}}\t{{.StarCount | lower}}\t{{.Nope}}").ExecuteHeader(header));
    }

    [Fact]
    public void A_table_format_has_a_header_row_and_dockers_columns_and_turns_typed_escapes_into_tabs()
    {
        var format = TemplateFormat.Parse(@"table {{.Name}}\t{{.Stars}}", "table {{.Name}}");
        using var output = new StringWriter();
        format.Write(output, new JsonObject { ["Name"] = "NAME", ["Stars"] = "STARS" },
        [
            TemplateData.FromStrings([new("Name", "result1"), new("Stars", "5000")]),
            TemplateData.FromStrings([new("Name", "a-much-longer-name"), new("Stars", "5")]),
        ]);

        Assert.True(format.IsTable);
        Assert.Equal(
            """
            NAME                 STARS
            result1              5000
            a-much-longer-name   5

            """.ReplaceLineEndings(), output.ToString());
    }

    [Theory]
    [InlineData(null, "NAME      STARS\nresult1   5000\n")]
    [InlineData("table", "NAME      STARS\nresult1   5000\n")]
    [InlineData("{{.Name}} {{.Stars}}", "result1 5000\n")]
    [InlineData(@"{{.Name}}\n{{.Stars}}", "result1\n5000\n")]
    [InlineData("json", """{"Name":"result1","Stars":"5000"}""" + "\n")]
    [InlineData("  json ", """{"Name":"result1","Stars":"5000"}""" + "\n")]
    public void Docker_format_keywords_pick_the_default_table_json_or_plain_lines(string? format, string expected)
    {
        using var output = new StringWriter();
        TemplateFormat.Parse(format, @"table {{.Name}}\t{{.Stars}}").Write(output, new JsonObject { ["Name"] = "NAME", ["Stars"] = "STARS" },
            [TemplateData.FromStrings([new("Name", "result1"), new("Stars", "5000")])]);

        Assert.Equal(expected.ReplaceLineEndings(), output.ToString());
    }

    [Fact]
    public void A_failing_row_leaves_no_partial_output()
    {
        using var output = new StringWriter();
        var format = TemplateFormat.Parse("table {{.Name}}", "");
        Assert.Throws<TemplateException>(() => format.Write(output, new JsonObject { ["Name"] = "NAME" },
            [TemplateData.FromStrings([new("Name", "a")]), TemplateData.FromStrings([new("Other", "b")])]));

        Assert.Equal("", output.ToString());
    }
}
