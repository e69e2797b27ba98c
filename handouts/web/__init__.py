"""The aftercare desk: `handouts serve`, a web door to the same aftercare core as the command."""
