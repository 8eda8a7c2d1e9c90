namespace Realtime.Core.Storage;

/// <summary>
/// The metadata store cannot be used: it cannot be reached or opened, refuses the credentials, or the user lacks
/// the rights to create its table. The message names the store (server, database and user, or file) and the cause.
/// </summary>
/// <remarks>Thrown when the store initializes, which the node does at start-up, so the node does not start.</remarks>
public sealed class MetadataStoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What store could not be used, and why.</param>
    /// <param name="innerException">The database client's error.</param>
    public MetadataStoreException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
