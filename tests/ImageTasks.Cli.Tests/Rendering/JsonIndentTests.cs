using System.Text;
using ImageTasks.Cli.Rendering;

namespace ImageTasks.Cli.Tests.Rendering;

/// <summary>Go's json.Indent: layout changes, bytes inside strings do not.</summary>
public sealed class JsonIndentTests
{
    [Fact]
    public void Indents_like_go_keeping_empty_containers_and_string_bytes()
    {
        var json = """ {"a":[],"b":{ },"c":[1,{"d":"x\"}\u00e9 , :"}],"e":-1.5e3} """;

        var indented = Encoding.UTF8.GetString(JsonIndent.Indent(Encoding.UTF8.GetBytes(json), "\t"));

        Assert.Equal("{\n\t\"a\": [],\n\t\"b\": {},\n\t\"c\": [\n\t\t1,\n\t\t{\n\t\t\t\"d\": \"x\\\"}\\u00e9 , :\"\n\t\t}\n\t],\n\t\"e\": -1.5e3\n}", indented);
    }

    [Fact]
    public void Three_space_indentation_and_go_marshal_html_escaping_are_options()
    {
        var json = Encoding.UTF8.GetBytes("{\"a\":\"<b>&\u2028\"}");

        Assert.Equal("{\n   \"a\": \"<b>&\u2028\"\n}", Encoding.UTF8.GetString(JsonIndent.Indent(json, "   ")));
        Assert.Equal("{\n\t\"a\": \"\\u003cb\\u003e\\u0026\\u2028\"\n}", Encoding.UTF8.GetString(JsonIndent.Indent(json, "\t", escapeHtml: true)));
    }
}
