"""The volunteers' views: signing up (sign_up), their space (space), their calendars
(calendar), the hours given and the public figures (hours), and the referents' admin (admin)."""
