"""The work screens a role may open (app.services.staff.ROLE_SCREENS), one module each."""
