using ImageTasks.Core.Serving;

namespace ImageTasks.Core.Tests.Serving;

public sealed class ByteRangeTests
{
    [Theory]
    [InlineData("bytes=0-9", 100, 0, 10, "bytes 0-9/100")]
    [InlineData("bytes=10-", 100, 10, 90, "bytes 10-99/100")]
    [InlineData("bytes=90-500", 100, 90, 10, "bytes 90-99/100")]
    [InlineData("bytes=-10", 100, 90, 10, "bytes 90-99/100")]
    [InlineData("bytes=-500", 100, 0, 100, "bytes 0-99/100")]
    [InlineData("bytes=99-99", 100, 99, 1, "bytes 99-99/100")]
    [InlineData("BYTES= 5-6 ", 100, 5, 2, "bytes 5-6/100")]
    public void One_range_is_served_as_a_window(string header, long size, long offset, long length, string contentRange)
    {
        var request = ByteRange.Evaluate(header, size);

        Assert.False(request.IsUnsatisfiable);
        Assert.Equal(new ByteRange(offset, length), request.Range);
        Assert.Equal(contentRange, request.Range!.Value.ContentRange(size));
    }

    [Theory]
    [InlineData("bytes=100-", 100)]
    [InlineData("bytes=100-200", 100)]
    [InlineData("bytes=-0", 100)]
    [InlineData("bytes=0-", 0)]
    public void A_range_past_the_end_cannot_be_satisfied(string header, long size)
    {
        Assert.Equal(RangeRequest.Unsatisfiable, ByteRange.Evaluate(header, size));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("items=0-9")]
    [InlineData("bytes=9-0")]
    [InlineData("bytes=0-1,5-6")]
    [InlineData("bytes=a-b")]
    [InlineData("bytes=-")]
    [InlineData("bytes=+1-2")]
    [InlineData("bytes=99999999999999999999-")]
    public void Anything_else_is_ignored_and_the_whole_blob_sent(string? header)
    {
        Assert.Equal(RangeRequest.Whole, ByteRange.Evaluate(header, 100));
    }
}
