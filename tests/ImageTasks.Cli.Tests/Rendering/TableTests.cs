using ImageTasks.Cli.Rendering;

namespace ImageTasks.Cli.Tests.Rendering;

public sealed class TableTests
{
    [Fact]
    public void Columns_are_padded_by_three_with_a_minimum_of_ten_and_the_last_is_not_padded()
    {
        using var output = new StringWriter();
        Table.Write(output, ["REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE"],
        [
            ["alpine", "3.19", "05455a08881e", "2 weeks ago", "7.38MB"],
            ["127.0.0.1:5000/multi/oci", "1", "0123456789ab", "3 years ago", "12.3kB"],
        ]);

        Assert.Equal(
            """
            REPOSITORY                 TAG       IMAGE ID       CREATED       SIZE
            alpine                     3.19      05455a08881e   2 weeks ago   7.38MB
            127.0.0.1:5000/multi/oci   1         0123456789ab   3 years ago   12.3kB

            """.ReplaceLineEndings(), output.ToString());
    }
}
