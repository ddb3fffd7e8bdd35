using ImageTasks.Core.References;

namespace ImageTasks.Core.Tests.Generated;

/// <summary>
/// Inputs the generated-input tests found breaking a rule, kept as plain cases so the fix stays fixed whatever the seed.
/// </summary>
public sealed class FoundInputRegressionTests
{
    [Theory]
    // The lowercase message echoed the name, line break and all: the error spanned two lines.
    [InlineData("foo-bar/foo_bar@j(]D59! D{6O*HjLuUVZ#k\r\nlocalhost:99999/_z9")]
    [InlineData("index.docker.io:/foo.bar/UPPER\r\n0_z9/x_:UP")]
    [InlineData("Upper\nname/x")]
    public void A_reference_with_a_line_break_is_refused_on_one_line(string input)
    {
        var error = Assert.Throws<ReferenceFormatException>(() => ImageReference.Parse(input));
        Assert.Equal("invalid reference format", error.Message);
    }
}
