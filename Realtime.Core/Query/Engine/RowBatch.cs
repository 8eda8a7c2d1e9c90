namespace Realtime.Core.Query.Engine;

/// <summary>
/// A run of consecutive rows of one index, with their timestamps and the offsets (within the run) of the rows the
/// query selected. Column readers fill buffers for the whole run and aggregate only the selected offsets.
/// </summary>
internal sealed class RowBatch
{
    /// <summary>The most rows in one batch.</summary>
    public const int Capacity = 1024;

    /// <summary>The first row of the run.</summary>
    public int Start { get; set; }

    /// <summary>The number of rows in the run.</summary>
    public int Length { get; set; }

    /// <summary>Timestamps of the run's rows, by offset.</summary>
    public long[] Timestamps { get; } = new long[Capacity];

    /// <summary>The selected offsets, ascending; the first <see cref="SelectedCount"/> are valid.</summary>
    public int[] Selected { get; } = new int[Capacity];

    /// <summary>How many rows of the run are selected.</summary>
    public int SelectedCount { get; set; }

    /// <summary>The selected offsets.</summary>
    public ReadOnlySpan<int> SelectedOffsets => Selected.AsSpan(0, SelectedCount);

    /// <summary>Whether every row of the run is selected (offsets are 0..Length-1).</summary>
    public bool IsDense => SelectedCount == Length;

    /// <summary>Whether <see cref="Selected"/> holds 0..Capacity-1, so selecting every row needs no copy.</summary>
    public bool SelectionIsIdentity { get; set; }

    /// <summary>Selects every row of the run.</summary>
    public void SelectAll()
    {
        if (!SelectionIsIdentity)
        {
            for (var i = 0; i < Capacity; i++)
            {
                Selected[i] = i;
            }

            SelectionIsIdentity = true;
        }

        SelectedCount = Length;
    }
}
