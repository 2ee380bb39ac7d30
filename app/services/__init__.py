"""The rules of the warehouse: functions that take a Session and return plain data.

The caller owns the unit of work (`with factory.begin() as session:`); services
never commit on their own.
"""
