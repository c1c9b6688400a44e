"""The working-day calendar (工作日历): the one service every deadline in OneSeal uses."""
