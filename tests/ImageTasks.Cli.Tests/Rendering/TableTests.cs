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

    [Fact]
    public void Template_text_is_laid_out_like_gos_tabwriter_with_column_blocks_and_unpadded_last_cells()
    {
        using var output = new StringWriter();
        Table.WriteText(output, "a\tb\tc\naaaa\tb\nsingle\nlonglonglonglong\tc\nx\t\n");

        Assert.Equal(
            """
            a         b         c
            aaaa      b
            single
            longlonglonglong   c
            x                  

            """.ReplaceLineEndings(), output.ToString());
    }
}
