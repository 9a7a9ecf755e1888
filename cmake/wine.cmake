# Running the Win32 track's tests under Wine (filled in by the Win32 track).
