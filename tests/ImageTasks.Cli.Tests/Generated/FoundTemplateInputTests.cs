using System.Text.Json.Nodes;
using ImageTasks.Cli.Rendering;

namespace ImageTasks.Cli.Tests.Generated;

/// <summary>
/// Templates the generated-input tests (and the reading they prompted) found hanging or throwing uncoded exceptions,
/// kept as plain cases so each fix stays fixed whatever the seed.
/// </summary>
public sealed class FoundTemplateInputTests
{
    private static readonly TemplateData Row = new(JsonNode.Parse("""{"Tag": "1.0", "Containers": "N/A"}"""));

    [Theory]
    // Found by the generator: a 99,999,999-wide pad took seconds and 200 MB; Go prints %!(BADWIDTH) past 1e6.
    [InlineData("{{printf \"%*d\" 99999999 1}}", "%!(BADWIDTH)1")]
    // Digits past int's range threw OverflowException out of int.Parse; Go's parsenum gives up on the rest of the format.
    [InlineData("{{printf \"%99999999999d\" 1}}", "%!(NOVERB)%!(EXTRA int=1)")]
    [InlineData("{{printf \"%.99999999999f\" 1.5}}", "%!(NOVERB)%!(EXTRA float64=1.5)")]
    [InlineData("{{printf \"%.*f\" -1 1.5}}", "%!(BADPREC)1.500000")]
    [InlineData("{{printf \"%*d|\" -3 1}}", "1  |")]
    public void A_printf_width_or_precision_past_gos_limit_is_gos_marker(string template, string expected) =>
        Assert.Equal(expected, Template.Parse(template).Execute(Row));

    [Theory]
    // (int)3000000000 is negative: new string(' ', -1294967296) threw ArgumentOutOfRangeException.
    [InlineData("{{pad .Tag 3000000000 1}}", "pad width 3000000000 is too large")]
    [InlineData("{{pad .Tag 1 2147483647}}", "pad width 2147483647 is too large")]
    // Two billion iterations listed up front: minutes and gigabytes before the first byte.
    [InlineData("{{range 2147483647}}x{{end}}", "range over 2147483647 iterates too often")]
    public void A_template_asking_for_gigabytes_is_refused_with_one_line(string template, string expected)
    {
        var error = Assert.Throws<TemplateException>(() => Template.Parse(template).Execute(Row));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }
}
