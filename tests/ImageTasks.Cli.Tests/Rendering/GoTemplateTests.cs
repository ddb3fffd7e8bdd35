using System.Text.Json.Nodes;
using ImageTasks.Cli.Rendering;

namespace ImageTasks.Cli.Tests.Rendering;

/// <summary>
/// Go's text/template semantics and docker's template functions, case by case. Every expected string was recorded
/// from docker 28.2.2's CLI (`docker images --format TEMPLATE` over one row, `docker image inspect --format TEMPLATE`)
/// against an image pulled from a loopback registry: the row below is that image's ls row, the map its inspect data.
/// </summary>
public sealed class GoTemplateTests
{
    private const string Repository = "127.0.0.1:32965/library/small";

    // What `docker images` formats: a struct (*formatter.imageContext) whose fields are strings.
    private static readonly TemplateData Row = new(new JsonObject
    {
        ["Repository"] = Repository,
        ["Tag"] = "1.0",
        ["ID"] = "1c5689db6d83",
    }) { TypeName = "*formatter.imageContext" };

    // What `docker image inspect` formats: the image's JSON as a map (missing keys are errors there).
    private static readonly TemplateData Inspect = new(JsonNode.Parse("""
        {
          "RepoTags": ["127.0.0.1:32965/library/small:1.0", "127.0.0.1:32965/library/small:latest", "extra/name:x"],
          "Os": "linux",
          "Size": 6144,
          "Config": {
            "Cmd": ["/bin/sh"],
            "Labels": { "org.imagetasks.fixture.name": "small", "org.imagetasks.fixture.platform": "linux/amd64", "org.opencontainers.image.version": "3.19" }
          }
        }
        """)) { TypeName = "map" };

    private static string Error(string message) => "template parsing error: template: " + message;

    [Theory]
    // control actions
    [InlineData("{{if .Tag}}T{{else}}F{{end}}", "T")]
    [InlineData("{{if eq .Tag \"latest\"}}L{{else if eq .Tag \"1.0\"}}one{{else}}other{{end}}", "one")]
    [InlineData("{{with .Tag}}<{{.}}>{{end}}", "<1.0>")]
    [InlineData("{{with .Tag}}a{{else with .Repository}}b{{end}}", "a")]
    [InlineData("{{with $x := .Tag}}{{$x}}{{end}}", "1.0")]
    [InlineData("{{range $i, $e := split .Repository \"/\"}}{{$i}}={{$e}};{{end}}", "0=127.0.0.1:32965;1=library;2=small;")]
    [InlineData("{{range split \"\" \"/\"}}x{{else}}empty{{end}}", "x")]
    [InlineData("{{range $i, $e := split .Tag \".\"}}{{if eq $i 1}}{{break}}{{end}}{{$e}}{{end}}", "1")]
    [InlineData("{{range split .Tag \".\"}}{{continue}}{{end}}x", "x")]
    // variables
    [InlineData("{{$x := .Tag}}{{$x}}-{{$.Tag}}", "1.0-1.0")]
    [InlineData("{{$x := .Tag}}{{$x = \"b\"}}{{$x}}", "b")]
    // docker's functions
    [InlineData("{{join (split .Repository \"/\") \",\"}}", "127.0.0.1:32965,library,small")]
    [InlineData("{{split .Repository \"/\"}}", "[127.0.0.1:32965 library small]")]
    [InlineData("{{upper .Tag}} {{lower \"ABC\"}} {{title \"hello world\"}}", "1.0 abc Hello World")]
    [InlineData("{{pad .Tag 2 3}}|", "  1.0   |")]
    [InlineData("{{truncate .Repository 5}}", "127.0")]
    [InlineData("{{truncate .Tag 1}} {{pad .Tag 1 1}}", "1  1.0 ")]
    [InlineData("{{json .Tag}}", "\"1.0\"")]
    // Go's builtins
    [InlineData("{{len .Tag}}", "3")]
    [InlineData("{{println .Tag}}", "1.0\n")]
    [InlineData("{{println .Tag 1 2}}", "1.0 1 2\n")]
    [InlineData("{{print .Tag 1 2 \"x\" 3}}", "1.01 2x3")]
    [InlineData("{{index (split .Repository \"/\") 1}}", "library")]
    [InlineData("{{index .Tag 1}}", "46")]
    [InlineData("{{index .Tag}}", "1.0")]
    [InlineData("{{slice .Tag 1}}", ".0")]
    [InlineData("{{.Tag | printf \"%q\"}}", "\"1.0\"")]
    [InlineData("{{printf \"%s-%d\" .Tag 5}}", "1.0-5")]
    [InlineData("{{printf \"%5s|%-5s|%05d|%x|%q|%v|%.2f|%t\" .Tag .Tag 42 255 .Tag .Tag 3.14159 true}}", "  1.0|1.0  |00042|ff|\"1.0\"|1.0|3.14|true")]
    [InlineData("{{.Tag | len | printf \"%d chars\"}}", "3 chars")]
    [InlineData("{{printf \"%q\" (split .Tag \".\")}}", "[\"1\" \"0\"]")]
    [InlineData("{{printf \"%-8s|\" .Tag}}", "1.0     |")]
    [InlineData("a {{- .Tag -}} b", "a1.0b")]
    [InlineData("{{- /* c */ -}} x {{.Tag}}", "x 1.0")]
    [InlineData("{{$a := 1}}{{if true}}{{$a = 2}}{{end}}{{$a}}", "2")]
    [InlineData("{{range $i, $c := split .Repository \"\"}}{{if lt $i 3}}{{$c}}{{end}}{{end}}", "127")]
    [InlineData("{{.Tag | printf \"%s!\" | upper}}", "1.0!")]
    [InlineData("{{if and .Tag .Repository}}both{{end}}{{if or \"\" .Tag}}o{{end}}{{if not \"\"}}n{{end}}", "bothon")]
    [InlineData("{{not .Tag}} {{and 1 0 2}} {{or 0 \"\" \"z\"}}", "false 0 z")]
    [InlineData("{{html \"<a>\"}} {{js \"it's\"}} {{urlquery \"a b\"}}", "&lt;a&gt; it\\'s a+b")]
    // literals, and a pipe with nothing after it (Go accepts it)
    [InlineData("{{1}} {{1.5}} {{true}} {{\"a\" | len}}", "1 1.5 true 1")]
    [InlineData("{{'a'}} {{0x10}} {{1e3}} {{-1}} {{`raw`}}", "97 16 1000 -1 raw")]
    [InlineData("{{.Tag | }}", "1.0")]
    public void A_row_renders_as_docker_renders_it(string template, string expected) =>
        Assert.Equal(expected, Template.Parse(template).Execute(Row));

    [Theory]
    [InlineData("{{range .RepoTags}}<{{.}}>{{end}}", "<127.0.0.1:32965/library/small:1.0><127.0.0.1:32965/library/small:latest><extra/name:x>")]
    [InlineData("{{join .RepoTags \",\"}}", "127.0.0.1:32965/library/small:1.0,127.0.0.1:32965/library/small:latest,extra/name:x")]
    [InlineData("{{json .Config.Labels}}", """{"org.imagetasks.fixture.name":"small","org.imagetasks.fixture.platform":"linux/amd64","org.opencontainers.image.version":"3.19"}""")]
    [InlineData("{{index .Config.Labels \"org.imagetasks.fixture.name\"}}", "small")]
    [InlineData("{{index .Config.Labels \"nope\"}}", "")]
    [InlineData("{{len .RepoTags}}", "3")]
    [InlineData("{{range $k, $v := .Config.Labels}}{{$k}}={{$v}};{{end}}", "org.imagetasks.fixture.name=small;org.imagetasks.fixture.platform=linux/amd64;org.opencontainers.image.version=3.19;")]
    [InlineData("{{with .Config.Labels}}{{.}}{{end}}", "map[org.imagetasks.fixture.name:small org.imagetasks.fixture.platform:linux/amd64 org.opencontainers.image.version:3.19]")]
    [InlineData("{{if .Config.Cmd}}cmd{{end}}", "cmd")]
    [InlineData("{{range .RepoTags}}{{.}}{{println}}{{end}}", "127.0.0.1:32965/library/small:1.0\n127.0.0.1:32965/library/small:latest\nextra/name:x\n")]
    [InlineData("{{index .RepoTags 0}}", "127.0.0.1:32965/library/small:1.0")]
    [InlineData("{{json .Config.Cmd}}", "[\"/bin/sh\"]")]
    [InlineData("{{title .Os}}{{upper .Os}}", "LinuxLINUX")]
    [InlineData("{{range .Size}}{{end}}", "")]
    public void Inspect_data_renders_as_docker_renders_it(string template, string expected) =>
        Assert.Equal(expected, Template.Parse(template).Execute(Inspect));

    [Theory]
    // parse errors
    [InlineData("{{if}}", ":1: missing value for if")]
    [InlineData("{{range}}{{end}}", ":1: missing value for range")]
    [InlineData("{{end}}", ":1: unexpected {{end}}")]
    [InlineData("{{else}}", ":1: unexpected {{else}}")]
    [InlineData("{{else if}}", ":1: unexpected {{else}}")]
    [InlineData("{{if .Tag}}a{{else if}}b{{end}}", ":1: missing value for if")]
    [InlineData("{{if .Tag}}x", ":1: unexpected EOF")]
    [InlineData("{{if .Tag}}{{else}}{{else}}{{end}}", ":1: expected end; found {{else}}")]
    [InlineData("{{with .Tag}}{{end}", ":1: bad character U+007D '}'")]
    [InlineData("{{.Tag}", ":1: bad character U+007D '}'")]
    [InlineData("{{$y}}", ":1: undefined variable \"$y\"")]
    [InlineData("{{nosuch .Tag}}", ":1: function \"nosuch\" not defined")]
    [InlineData("{{break}}", ":1: {{break}} outside {{range}}")]
    [InlineData("{{.Tag.}}", ":1: unexpected <.> in operand")]
    [InlineData("{{@}}", ":1: unexpected \"@\" in command")]
    [InlineData("{{\"abc}}", ":1: unterminated quoted string")]
    [InlineData("{{/* open }}", ":1: unclosed comment")]
    [InlineData("{{}}", ":1: missing value for command")]
    // execution errors: line:column, the node, Go's message
    [InlineData("{{range .RepoTags}}x{{end}}", ":1:8: executing \"\" at <.RepoTags>: can't evaluate field RepoTags in type *formatter.imageContext")]
    [InlineData("{{range .Tag}}x{{end}}", ":1:8: executing \"\" at <.Tag>: range can't iterate over 1.0")]
    [InlineData("{{len 3}}", ":1:2: executing \"\" at <len 3>: error calling len: len of type int")]
    [InlineData("{{join .Tag \",\"}}", ":1:7: executing \"\" at <.Tag>: wrong type for value; expected []string; got string")]
    [InlineData("{{index (split .Repository \"/\") 5}}", ":1:2: executing \"\" at <index (split .Repository \"/\") 5>: error calling index: index out of range: 5")]
    [InlineData("{{split .Tag}}", ":1:2: executing \"\" at <split>: wrong number of args for split: want 2 got 1")]
    [InlineData("{{ .Tag | split }}", ":1:10: executing \"\" at <split>: wrong number of args for split: want 2 got 1")]
    [InlineData("{{title .Tag}}{{upper .Tag .Tag}}", ":1:16: executing \"\" at <upper>: wrong number of args for upper: want 1 got 2")]
    [InlineData("{{upper 1}}", ":1:8: executing \"\" at <1>: expected string; found 1")]
    [InlineData("{{.Tag.Foo}}", ":1:6: executing \"\" at <.Tag.Foo>: can't evaluate field Foo in type string")]
    [InlineData("{{.Tag .Repository}}", ":1:2: executing \"\" at <.Tag>: wrong number of args for Tag: want 0 got 1")]
    [InlineData("{{json}}", ":1:2: executing \"\" at <json>: wrong number of args for json: want 1 got 0")]
    [InlineData("{{json .Tag .Tag}}", ":1:2: executing \"\" at <json>: wrong number of args for json: want 1 got 2")]
    [InlineData("{{eq .Tag 1}}", ":1:2: executing \"\" at <eq .Tag 1>: error calling eq: incompatible types for comparison")]
    [InlineData("{{lt .Tag \"2\"}} {{gt 2 1}} {{le 1.5 2}} {{ne \"a\" \"b\"}} {{eq .Tag \"x\" \"1.0\"}}", ":1:29: executing \"\" at <le 1.5 2>: error calling le: incompatible types for comparison")]
    [InlineData("{{index nil 1}}", ":1:2: executing \"\" at <index nil 1>: error calling index: index of untyped nil")]
    [InlineData("{{slice .Tag 1 2}} {{slice .Tag 5}}", ":1:21: executing \"\" at <slice .Tag 5>: error calling slice: index out of range: 5")]
    [InlineData("{{nil}}", ":1:2: executing \"\" at <nil>: nil is not a command")]
    // docker prints the struct's Go value here ({{<nil>} true {-1 ...}}); we name its type instead
    [InlineData("{{range .}}x{{end}}", ":1:8: executing \"\" at <.>: range can't iterate over *formatter.imageContext")]
    public void A_row_template_fails_with_gos_words(string template, string expected)
    {
        var error = Assert.Throws<TemplateException>(() => Template.Parse(template).Execute(Row));

        Assert.Equal(Error(expected), error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData("{{.Config.Bogus}}", ":1:9: executing \"\" at <.Config.Bogus>: map has no entry for key \"Bogus\"")]
    [InlineData("{{.Bogus}}", ":1:2: executing \"\" at <.Bogus>: map has no entry for key \"Bogus\"")]
    [InlineData("{{with .Config.Bogus2}}x{{else}}none{{end}}", ":1:14: executing \"\" at <.Config.Bogus2>: map has no entry for key \"Bogus2\"")]
    [InlineData("{{index .RepoTags 7}}", ":1:2: executing \"\" at <index .RepoTags 7>: error calling index: index out of range: 7")]
    [InlineData("{{.RepoTags.x}}", ":1:11: executing \"\" at <.RepoTags.x>: can't evaluate field x in type interface {}")]
    public void An_inspect_template_fails_with_gos_words(string template, string expected)
    {
        var error = Assert.Throws<TemplateException>(() => Template.Parse(template).Execute(Inspect));

        Assert.Equal(Error(expected), error.Message);
    }

    [Theory]
    [InlineData(1.5, "1.5")]
    [InlineData(1000.0, "1000")]
    [InlineData(123456.0, "123456")]
    [InlineData(1234567.0, "1.234567e+06")]
    [InlineData(3888196.0, "3.888196e+06")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(-2.5, "-2.5")]
    public void Floats_print_as_gos_percent_v(double value, string expected) =>
        Assert.Equal(expected, GoValues.Float(value));
}
