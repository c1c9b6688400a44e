"""The permit catalog (清单), departments and the working-day calendar."""
