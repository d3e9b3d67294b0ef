from . import strategic_minimum_waiver
