console.log('pack later')
