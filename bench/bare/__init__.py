"""A bare Django project (what `django-admin startproject` makes, with Django's default middleware)
serving one minimal JSON view: the load benchmark's reference for Shequ's own ceiling."""
