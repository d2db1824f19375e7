namespace MspHub;

/// <summary>One technician's elevation in a tenant as the tenant sees it, whether it is in force now or has expired.</summary>
/// <param name="TechnicianName">The technician's user name, so the tenant knows whom it trusted.</param>
/// <param name="Elevation">The elevation: what, why, from and until when.</param>
/// <param name="IsActive">Whether it gives its permissions now; <see langword="false"/> once it expired or its grant ended.</param>
public sealed record ElevationEntry(string TechnicianName, TechnicianElevation Elevation, bool IsActive);
