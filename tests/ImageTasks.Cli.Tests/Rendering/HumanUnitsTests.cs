using ImageTasks.Cli.Rendering;

namespace ImageTasks.Cli.Tests.Rendering;

/// <summary>docker image ls formats with go-units: HumanSizeWithPrecision(size, 3) and HumanDuration.</summary>
public sealed class HumanUnitsTests
{
    [Theory]
    [InlineData(0, "0B")]
    [InlineData(999, "999B")]
    [InlineData(1000, "1kB")]
    [InlineData(3_886_000, "3.89MB")]
    [InlineData(7_834_525, "7.83MB")]
    [InlineData(211_600_000, "212MB")]
    [InlineData(104_200_000, "104MB")]
    [InlineData(1_130_000_000, "1.13GB")]
    [InlineData(13_256, "13.3kB")]
    [InlineData(999_600, "1e+03kB")]
    public void Size_in_decimal_units_with_three_significant_digits(long bytes, string expected)
    {
        Assert.Equal(expected, HumanUnits.Size(bytes));
    }

    [Theory]
    [InlineData(0.5, "Less than a second")]
    [InlineData(1, "1 second")]
    [InlineData(45, "45 seconds")]
    [InlineData(60, "About a minute")]
    [InlineData(59 * 60, "59 minutes")]
    [InlineData(90 * 60, "2 hours")]
    [InlineData(3600, "About an hour")]
    [InlineData(47 * 3600, "47 hours")]
    [InlineData(13 * 86400, "13 days")]
    [InlineData(20 * 86400, "2 weeks")]
    [InlineData(90 * 86400, "3 months")]
    [InlineData(800 * 86400, "2 years")]
    public void Duration_as_go_units_words_it(double seconds, string expected)
    {
        Assert.Equal(expected, HumanUnits.Duration(TimeSpan.FromSeconds(seconds)));
    }
}
